"use client";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { formatArea } from "@/lib/zones/zone-geometry";
import { useCrimeFacets, useZoneRanking } from "./queries";

/** Zones ranked by serious violent crime per hour of deployment, for the months chosen. */
export function ZoneRanking({ importId }: { importId: string }) {
  const [rankMonth, setRankMonth] = useState("");
  const facets = useCrimeFacets();
  const ranking = useZoneRanking(rankMonth, importId);
  return (
    <section className="card stack" aria-labelledby="rank-title">
      <h3 id="rank-title">Zones ranked by serious violent crime per hour</h3>
      <p className="muted">
        Serious violent crime = violence and sexual offences, robbery and possession of weapons recorded inside the zone, divided by the hours in the months
        counted: the number of such crimes one hour of deployment there coincides with on average (police.uk gives no time of day). Per km² alongside, so a
        larger zone is not mistaken for a better one.
      </p>
      <label>
        Months counted
        <select value={rankMonth} onChange={(e) => setRankMonth(e.target.value)}>
          <option value="">All months</option>
          {facets.data?.months.map((m) => (
            <option key={m.month} value={m.month}>
              {m.month}
            </option>
          ))}
        </select>
      </label>
      {ranking.isPending && <p aria-busy="true">Ranking zones…</p>}
      {ranking.isError && (
        <p role="alert" className="error">
          {errorMessage(ranking.error)}
        </p>
      )}
      {ranking.data && ranking.data.zones.length === 0 && <p className="muted">No zones to rank yet.</p>}
      {ranking.data && ranking.data.zones.length > 0 && (
        <table className="table compact" data-testid="zone-ranking">
          <caption className="muted">
            {ranking.data.months.length
              ? `${ranking.data.months.join(", ")} (${ranking.data.hours.toLocaleString("en-GB")} hours)`
              : "No crime data in this selection"}
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Zone</th>
              <th scope="col">Serious violent</th>
              <th scope="col">Per hour</th>
              <th scope="col">Per km²</th>
            </tr>
          </thead>
          <tbody>
            {ranking.data.zones.map((z, i) => (
              <tr key={z.zoneId}>
                <td>{i + 1}</td>
                <td>
                  {z.name} <span className="muted">({formatArea(z.areaM2)})</span>
                </td>
                <td
                  title={Object.entries(z.byType)
                    .map(([t, n]) => `${t}: ${n}`)
                    .join("\n")}
                >
                  {z.seriousCrimes}
                </td>
                <td>{z.perHour.toFixed(4)}</td>
                <td>{Math.round(z.perKm2).toLocaleString("en-GB")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
