import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Providers } from "@/components/shell/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vigil", template: "%s · Vigil" },
  description: "An accountable control room for live facial recognition deployments.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request headers makes every page render per request, so Next.js can put the
  // proxy's per-request CSP nonce on its scripts (a prerendered page would carry none).
  await headers();
  return (
    <html lang="en-GB">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
