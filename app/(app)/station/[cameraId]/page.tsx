import type { Metadata } from "next";
import { CameraStation } from "@/components/station/camera-station";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Camera station" };

/** `/station/<cameraId>`: publish and recognise a camera; `?takeover=1`: take recognition over from its station. */
export default async function StationPage({ params, searchParams }: { params: Promise<{ cameraId: string }>; searchParams: Promise<{ takeover?: string }> }) {
  const { cameraId } = await params;
  const { takeover } = await searchParams;
  await requirePageUser("page.station", `/station/${cameraId}`);
  return <CameraStation cameraId={cameraId} takeover={takeover === "1"} />;
}
