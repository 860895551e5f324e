/**
 * Every audit action name Vigil records, in one table (docs/vocabulary.md), with the words the
 * oversight UI shows for it. Convention: `<noun>.<verb>[_<object>]`, one dot, both parts snake_case,
 * the verb first (`deployment.confirm_signage`, `alert.merge_sighting`, `auth.lock_account`).
 *
 * Stored events are never rewritten (their hashes chain the trail): events recorded under an older
 * name keep it in the database and in signed exports, and are READ under the current name through
 * LEGACY_AUDIT_ACTIONS (audit trail, filters, reports). Safe for client and server.
 */
export const AUDIT_ACTIONS = {
  // System
  "system.seed_users": "Demo users created",
  "system.seed_demo": "Demo data created",
  // Deployments (one per lifecycle step: deployment.<step> from lib/deployments/deployment-steps.ts)
  "deployment.create": "Deployment applied for",
  "deployment.edit": "Application edited",
  "deployment.submit": "Application submitted",
  "deployment.authorise": "Deployment authorised",
  "deployment.refuse": "Deployment refused",
  "deployment.confirm_signage": "Signage confirmed",
  "deployment.record_self_test": "Self-test recorded",
  "deployment.go_live": "Deployment went live",
  "deployment.close": "Deployment closed",
  "deployment.cancel": "Deployment cancelled",
  "deployment.change_threshold": "Threshold changed",
  "deployment.auto_close": "Deployment closed at the end of its window",
  "deployment.add_roster_member": "Put on a deployment's roster",
  "deployment.remove_roster_member": "Taken off a deployment's roster",
  // Alerts
  "alert.create": "Alert raised",
  "alert.merge_sighting": "Repeat sighting (unfolded)",
  "alert.confirm": "Alert confirmed",
  "alert.reject": "Alert rejected",
  "alert.record_outcome": "Outcome recorded",
  "alert.undo": "Decision undone",
  "alert.flag_overdue": "Alert overdue",
  // Zones and intelligence
  "zone.create": "Zone drawn",
  "zone.update": "Zone changed",
  "zone.archive": "Zone archived",
  "intel.start_import": "Crime data import started",
  "intel.import": "Crime data imported",
  // Watchlists
  "watchlist.create": "Watchlist created",
  "watchlist.add_entry": "Watchlist entry added",
  "watchlist.enrol_image": "Face enrolled",
  "watchlist.review_entry": "Watchlist entry reviewed",
  "watchlist.remove_entry": "Watchlist entry removed",
  // Users and sign-in
  "user.create": "User created",
  "user.update": "User changed",
  "user.change_password": "Own password changed",
  "user.set_one_time_password": "One-time password set",
  "auth.sign_in": "Sign-in",
  "auth.sign_out": "Sign-out or session ended",
  "auth.request_second_factor": "Second factor asked for",
  "auth.enrol_second_factor": "Second factor enrolled",
  "auth.reset_second_factor": "Second factor reset",
  "auth.lock_account": "Account locked after failed sign-ins",
  "auth.lock_source": "Address locked after failed sign-ins",
  "auth.unlock_account": "Account unlocked",
  "auth.unlock_source": "Address unlocked",
  // Access to biometric data and records
  "access.deny": "Access refused",
  "access.read_alert_image": "Looked at an alert image",
  "access.read_watchlist_entries": "Looked at watchlist entries",
  "access.read_watchlist_image": "Looked at a watchlist image",
  "access.read_gallery": "Gallery or camera stream opened",
  "access.export_report": "Export",
  // Retention and the trail itself
  "retention.run": "Retention run",
  "retention.delete": "Data deleted by retention",
  "audit.verify": "Audit trail verified",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/**
 * Names events were recorded under before the convention, and the name they are read under now.
 * Add a line here whenever an action is renamed; never rewrite a stored event.
 */
export const LEGACY_AUDIT_ACTIONS: Readonly<Record<string, AuditAction>> = {
  "deployment.confirm-signage": "deployment.confirm_signage",
  "deployment.record-self-test": "deployment.record_self_test",
  "deployment.go-live": "deployment.go_live",
  "deployment.change-threshold": "deployment.change_threshold",
  "deployment.roster_add": "deployment.add_roster_member",
  "deployment.roster_remove": "deployment.remove_roster_member",
  "alert.outcome": "alert.record_outcome",
  "alert.overdue": "alert.flag_overdue",
  "intel.import_started": "intel.start_import",
  "user.password_change": "user.change_password",
  "user.one_time_password": "user.set_one_time_password",
  "auth.second_factor_requested": "auth.request_second_factor",
  "auth.second_factor_enrol": "auth.enrol_second_factor",
  "auth.second_factor_reset": "auth.reset_second_factor",
  "auth.account_locked": "auth.lock_account",
  "auth.source_locked": "auth.lock_source",
  "auth.account_unlocked": "auth.unlock_account",
  "auth.source_unlocked": "auth.unlock_source",
  "access.denied": "access.deny",
  "access.alert_image": "access.read_alert_image",
  "access.alert.image": "access.read_alert_image",
  "access.watchlist.entry": "access.read_watchlist_entries",
  "access.watchlist.image": "access.read_watchlist_image",
  "access.gallery": "access.read_gallery",
  "access.export": "access.export_report",
};

/** The name an event is read under: its current name when it was recorded under an older one. */
export function auditActionName(stored: string): string {
  return LEGACY_AUDIT_ACTIONS[stored] ?? stored;
}

/** Every name a filter for `action` must match in the database: the action and its older names. */
export function storedAuditActions(action: string): string[] {
  const name = auditActionName(action);
  return [name, ...Object.keys(LEGACY_AUDIT_ACTIONS).filter((old) => LEGACY_AUDIT_ACTIONS[old] === name)];
}

/** The words the oversight UI shows for an action (any name, old or new). */
export function auditActionLabel(action: string): string {
  const name = auditActionName(action);
  return (AUDIT_ACTIONS as Record<string, string>)[name] ?? name.replace(/[._-]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function isAuditAction(name: string): name is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, name);
}
