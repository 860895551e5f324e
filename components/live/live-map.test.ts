import { describe, expect, it } from "vitest";
import { alertPoints } from "./live-map";

const cam = { id: "c1", name: "Cam 1", lat: 51.53, lng: -0.124, headingDeg: 0, fovDeg: 60, rangeM: 25 };

describe("alerts on the map", () => {
  it("puts one marker at each camera with alerts, pulsing while any is undecided, with escaped labels", () => {
    const [p] = alertPoints(
      [
        { id: "a", cameraId: "c1", label: "WL-0001 (pending)", open: true },
        { id: "b", cameraId: "c1", label: "<b>x</b> (confirmed)", open: false },
        { id: "z", cameraId: "elsewhere", label: "gone", open: true },
      ],
      [cam],
    );
    expect(p).toMatchObject({ lat: 51.53, lng: -0.124, className: "pulse alert-marker open", color: "#ef5b5b" });
    expect(p.label).toBe("WL-0001 (pending)<br>&#60;b&#62;x&#60;/b&#62; (confirmed)");
    expect(alertPoints([{ id: "b", cameraId: "c1", label: "x", open: false }], [cam])[0].className).toBe("alert-marker");
  });
});
