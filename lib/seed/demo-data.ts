import type { Role } from "@/lib/auth/roles";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "operator@vigil.local", name: "Olu Operator", role: "OPERATOR" },
  { email: "commander@vigil.local", name: "Chris Commander", role: "COMMANDER" },
  { email: "authoriser@vigil.local", name: "Ash Authoriser", role: "AUTHORISING_OFFICER" },
  { email: "privacy@vigil.local", name: "Priya Privacy", role: "PRIVACY_OFFICER" },
  { email: "admin@vigil.local", name: "Ada Admin", role: "ADMIN" },
];

export const DEFAULT_DEMO_PASSWORD = "vigil-demo";

/** King's Cross / St Pancras forecourt, London: a small, targeted zone ([lng, lat]). */
export const DEMO_ZONE = {
  name: "King's Cross forecourt",
  area: "Camden",
  locationType: "CRIME_HOTSPOT" as const,
  rationale:
    "Transport hub with repeated robbery and knife-crime reports on the station approaches (synthetic demo rationale). " +
    "Cameras cover the two pedestrian access routes from Euston Road.",
  geometry: {
    type: "Polygon" as const,
    coordinates: [
      [
        [-0.12475, 51.53035],
        [-0.12225, 51.53035],
        [-0.12225, 51.53175],
        [-0.12475, 51.53175],
        [-0.12475, 51.53035],
      ],
    ],
  },
};

export const DEMO_CAMERA = { name: "Van 1 — Euston Road crossing", lat: 51.53085, lng: -0.1238, headingDeg: 20, fovDeg: 70, rangeM: 30 };
