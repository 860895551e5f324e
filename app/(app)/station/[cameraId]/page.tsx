import type { Metadata } from "next";
import { CameraStation } from "@/components/station/camera-station";
import { requirePageUser } from "@/lib/auth/require-page-user";

export const metadata: Metadata = { title: "Camera station" };

export default async function StationPage({ params }: { params: Promise<{ cameraId: string }> }) {
  const { cameraId } = await params;
  await requirePageUser("page.station", `/station/${cameraId}`);
  return <CameraStation cameraId={cameraId} />;
}
