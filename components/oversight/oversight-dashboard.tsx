"use client";
import { useState } from "react";
import { TabList } from "@/components/shell/tab-list";
import { AccuracyPanel } from "./accuracy-panel";
import { AuditTrailPanel } from "./audit-trail-panel";
import { DeploymentRecordPanel } from "./deployment-record-panel";
import { RetentionPanel } from "./retention-panel";
import "./oversight.css";

const TABS = [
  { id: "deployments", label: "Deployment record" },
  { id: "audit", label: "Audit trail" },
  { id: "retention", label: "Retention" },
  { id: "accuracy", label: "Accuracy and equitability" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/** The Oversight page: four reports as tabs (arrow keys, Home and End move between them). */
export function OversightDashboard() {
  const [tab, setTab] = useState<TabId>("deployments");
  return (
    <div className="stack">
      <div>
        <h1>Oversight</h1>
        <p className="muted">
          What Vigil did, in a form anyone can check: the published deployment record, the tamper-evident audit trail, what retention deleted, and how accurate
          and even-handed the alerts were.
        </p>
      </div>
      <TabList tabs={TABS} value={tab} onChange={setTab} label="Oversight reports" />
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="card stack" tabIndex={0}>
        {tab === "deployments" && <DeploymentRecordPanel />}
        {tab === "audit" && <AuditTrailPanel />}
        {tab === "retention" && <RetentionPanel />}
        {tab === "accuracy" && <AccuracyPanel />}
      </section>
    </div>
  );
}
