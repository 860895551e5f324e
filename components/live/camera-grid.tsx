"use client";
import { CameraTile } from "./camera-tile";
import type { Phase } from "./scope-view";

/** The console shows at most this many camera tiles at once. */
export const MAX_TILES = 8;

export type GridCamera = { id: string; name: string; source: string };

/** Full screen for one tile (or back), from a button or the keyboard. */
export function toggleFullScreen(cameraId: string) {
  if (document.fullscreenElement) return void document.exitFullscreen().catch(() => undefined);
  const tile = document.querySelector<HTMLElement>(`[data-testid="tile-${CSS.escape(cameraId)}"]`);
  void tile?.requestFullscreen?.().catch(() => undefined);
}

/** Columns for n tiles: one camera fills the row, up to four make a 2×2 grid, more make three columns. */
export const columnsFor = (n: number) => (n <= 1 ? 1 : n <= 4 ? 2 : 3);

/**
 * Up to MAX_TILES camera tiles in a grid. One tile can be focused: it spans the whole row, first,
 * and the others stay live below it.
 */
export function CameraGrid(props: {
  cameras: GridCamera[];
  phase: Phase;
  outOfScope: string[];
  focusedId: string | null;
  onFocus: (id: string | null) => void;
}) {
  const { cameras, phase, outOfScope, focusedId, onFocus } = props;
  const shown = cameras.slice(0, MAX_TILES);
  if (cameras.length === 0) return <p className="card muted">This deployment has no cameras.</p>;
  return (
    <section aria-label="Cameras" className="stack">
      <div
        className={`tiles${focusedId ? " has-focus" : ""}`}
        style={{ ["--cols" as string]: columnsFor(shown.length) }}
        data-testid="camera-grid"
        data-count={shown.length}
      >
        {shown.map((c) => (
          <CameraTile
            key={c.id}
            camera={c}
            phase={phase}
            focused={c.id === focusedId}
            outOfScope={outOfScope.includes(c.id)}
            onFocus={() => onFocus(c.id === focusedId ? null : c.id)}
            onFullScreen={() => toggleFullScreen(c.id)}
          />
        ))}
      </div>
      {cameras.length > MAX_TILES && (
        <p className="muted" role="note">
          Showing {MAX_TILES} of {cameras.length} cameras.
        </p>
      )}
    </section>
  );
}
