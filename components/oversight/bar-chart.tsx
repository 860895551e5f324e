/**
 * A small accessible SVG bar chart (no chart library): a title and description for screen
 * readers, and the numbers as a table for anyone who prefers reading them.
 */
export interface Series {
  label: string;
  className: string;
  values: number[];
}

export function BarChart({ title, description, categories, series }: { title: string; description: string; categories: string[]; series: Series[] }) {
  const width = 640;
  const height = 200;
  const pad = { left: 36, bottom: 28, top: 10 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const groupWidth = (width - pad.left) / Math.max(1, categories.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / series.length);
  // Label at most seven categories so the labels never overlap.
  const labelStep = Math.max(1, Math.ceil(categories.length / 7));
  const id = title.replace(/\W+/g, "-").toLowerCase();
  return (
    <figure className="chart">
      <h3 className="chart-title">{title}</h3>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <line x1={pad.left} y1={height - pad.bottom} x2={width} y2={height - pad.bottom} className="chart-axis" />
        <text x={4} y={pad.top + 12} className="chart-label">
          {max}
        </text>
        {categories.map((cat, i) =>
          series.map((s, j) => {
            const v = s.values[i] ?? 0;
            const h = ((height - pad.bottom - pad.top) * v) / max;
            return (
              <rect
                key={`${cat}-${s.label}`}
                x={pad.left + i * groupWidth + groupWidth * 0.1 + j * barWidth}
                y={height - pad.bottom - h}
                width={barWidth}
                height={h}
                className={s.className}
              >
                <title>{`${cat} · ${s.label}: ${v}`}</title>
              </rect>
            );
          }),
        )}
        {categories.map((cat, i) =>
          i % labelStep === 0 ? (
            <text key={cat} x={pad.left + i * groupWidth + groupWidth / 2} y={height - 6} className="chart-label" textAnchor="middle">
              {cat}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="row">
        {series.map((s) => (
          <span key={s.label} className="row">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" className={s.className} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Show the numbers</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Category</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((cat, i) => (
              <tr key={cat}>
                <th scope="row">{cat}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
