/** A clear "not yet" state for a section whose feature is still being built. */
export function NotYet({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="card empty-state" aria-labelledby="not-yet-title">
      <h1 id="not-yet-title">{title}</h1>
      <p className="muted">{children}</p>
    </section>
  );
}
