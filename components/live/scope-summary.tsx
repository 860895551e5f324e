"use client";
import type { LiveScope } from "./contract";
import { galleryLabel, PHASE_BADGE, PHASE_LABEL, shortHash, type Phase } from "./scope-view";

/**
 * The search scope in force (what the server says the stations must search) and, loudly, any camera
 * whose station reports another one.
 */
export function ScopeSummary(props: { scope: LiveScope | undefined; phase: Phase; error: string | null; outOfScope: { id: string; name: string }[] }) {
  const { scope, phase, error, outOfScope } = props;
  return (
    <section className="scope-summary" aria-label="Search scope in force" data-testid="scope-summary" data-phase={phase}>
      <span className={PHASE_BADGE[phase]} data-testid="deployment-phase">
        {PHASE_LABEL[phase]}
      </span>
      {scope ? (
        <span className="muted" data-testid="scope-details">
          Searching {galleryLabel(scope)} · snapshot <code>{shortHash(scope.gallery.hash)}</code> · threshold {scope.threshold.toFixed(2)} · scope v
          {scope.version}
        </span>
      ) : (
        <span className="muted">{error ? `Search scope unknown: ${error}` : "Reading the search scope…"}</span>
      )}
      {scope?.phase === "stopped" && (
        <p role="alert" className="banner stopped" data-testid="deployment-stopped">
          Recognition has stopped{scope.stoppedReason ? `: ${scope.stoppedReason}` : "."} Open alerts can still be judged.
        </p>
      )}
      {outOfScope.length > 0 && (
        <p role="alert" className="banner" data-testid="scope-mismatch">
          Scope differs: {outOfScope.map((c) => c.name).join(", ")} {outOfScope.length === 1 ? "is" : "are"} not searching the scope in force (v{scope?.version}
          ). Reload
          {outOfScope.length === 1 ? " that station" : " those stations"}.
        </p>
      )}
    </section>
  );
}
