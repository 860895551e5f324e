import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/prisma";
import { MODELS } from "@/lib/recognition/models";
import { createTestUser } from "@/lib/testing/fixtures";
import { createLiveDeployment } from "@/lib/testing/live-fixtures";
import { embeddingToBytes } from "@/lib/watchlists/embedding-codec";
import { closeExpiredDeployments, transitionDeployment } from "./transition-deployment";

async function draftWithEnrolledWatchlist() {
  const fx = await createLiveDeployment({ status: "DRAFT" });
  const unit = new Float32Array(128);
  unit[0] = 1;
  for (const entry of [fx.entry, fx.testEntry]) {
    await db().watchlistImage.create({
      data: {
        entryId: entry.id,
        faceJpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
        embedding: Buffer.from(embeddingToBytes(unit)),
        embeddingModelId: MODELS.mobilefacenet.id,
        embeddingModelVersion: "test-version",
        embeddingDim: 128,
        detectorScore: 0.9,
      },
    });
  }
  const applicant = await db().user.findUniqueOrThrow({ where: { id: fx.deployment.applicantId } });
  return { ...fx, applicant: { ...applicant, sid: "t" } };
}

const actions = async (id: string) => (await db().auditEvent.findMany({ where: { deploymentId: id }, orderBy: { seq: "asc" } })).map((e) => e.action);

describe("deployment lifecycle on the real database", () => {
  it("runs draft → submitted → authorised → live → closed, auditing each step and freezing the watchlist", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const authoriser = await createTestUser("AUTHORISING_OFFICER");
    const operator = await createTestUser("OPERATOR");
    const id = fx.deployment.id;
    await transitionDeployment(id, "submit", {}, fx.applicant, "r1");
    await expect(transitionDeployment(id, "authorise", { reasons: "my own application" }, { ...fx.applicant, role: "AUTHORISING_OFFICER" }, "r2")).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/applicant cannot/),
    });
    await transitionDeployment(id, "authorise", { reasons: "Necessary and proportionate for the stated purpose." }, authoriser, "r3");
    const snap = await db().watchlistSnapshot.findFirstOrThrow({ where: { deploymentId: id } });
    expect(snap.entryCount).toBe(2);
    expect(snap.contentHash).toMatch(/^[0-9a-f]{64}$/);
    await expect(transitionDeployment(id, "go-live", {}, operator, "r4")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/signage/) });
    await transitionDeployment(id, "confirm-signage", {}, operator, "r5");
    await expect(transitionDeployment(id, "go-live", {}, operator, "r6")).rejects.toMatchObject({ message: expect.stringMatching(/self-test/) });
    await db().deployment.update({ where: { id }, data: { selfTestPassedAt: new Date() } });
    await transitionDeployment(id, "go-live", {}, operator, "r7");
    await expect(transitionDeployment(id, "submit", {}, fx.applicant, "r8")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/that is live/) });
    await transitionDeployment(id, "close", { report: "Two arrests; closed at the end of the evening peak." }, fx.applicant, "r9");
    expect(await actions(id)).toEqual(["deployment.submit", "deployment.authorise", "deployment.confirm-signage", "deployment.go-live", "deployment.close"]);
    const closed = await db().deployment.findUniqueOrThrow({ where: { id } });
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt).not.toBeNull();
  });

  it("refuses the wrong role and a deployment outside its window, changing nothing", async () => {
    const fx = await draftWithEnrolledWatchlist();
    const operator = await createTestUser("OPERATOR");
    await expect(transitionDeployment(fx.deployment.id, "submit", {}, operator, "x")).rejects.toMatchObject({ status: 403 });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: fx.deployment.id } })).status).toBe("DRAFT");
    expect(await actions(fx.deployment.id)).toEqual([]);
  });

  it("a live deployment past its window closes by itself", async () => {
    const fx = await createLiveDeployment();
    await db().deployment.update({ where: { id: fx.deployment.id }, data: { plannedEnd: new Date(Date.now() - 1000) } });
    await closeExpiredDeployments();
    const d = await db().deployment.findUniqueOrThrow({ where: { id: fx.deployment.id } });
    expect(d.status).toBe("CLOSED");
    expect(await actions(fx.deployment.id)).toContain("deployment.auto_close");
  });
});
