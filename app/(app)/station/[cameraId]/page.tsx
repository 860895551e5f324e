import type { Metadata } from "next";
import { PrestartRecognition } from "@/components/recognition/prestart-recognition";
import { CameraStation } from "@/components/station/camera-station";
import { requirePageUser } from "@/lib/auth/require-page-user";

/** `?fps=` as a number within 0.5–30, or null (as fast as the worker goes). */
function parseMaxFps(raw: string | undefined): number | null {
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) && n >= 0.5 && n <= 30 ? n : null;
}

export const metadata: Metadata = { title: "Camera station" };

/**
 * `/station/<cameraId>`: publish and recognise a camera; `?takeover=1`: take recognition over from
 * its station; `?fps=N` (0.5–30): hold the recognition worker to N frames per second (tests,
 * benchmarks, or a station that must spare a weak device).
 */
export default async function StationPage({
  params,
  searchParams,
}: {
  params: Promise<{ cameraId: string }>;
  searchParams: Promise<{ takeover?: string; fps?: string }>;
}) {
  const { cameraId } = await params;
  const { takeover, fps } = await searchParams;
  await requirePageUser("page.station", `/station/${cameraId}`);
  // The worker starts its runtime and downloads the models while the station fetches its deployment and watchlist.
  return (
    <>
      <PrestartRecognition />
      <CameraStation cameraId={cameraId} takeover={takeover === "1"} maxFps={parseMaxFps(fps)} />
    </>
  );
}
