/**
 * The console's imports from the live-loop contract (lib/live/live-schemas.ts), in one place, plus
 * the label lookups the console renders. Nothing here is a hand-written copy of a server shape.
 */
import {
  countsEventSchema as serverCountsEventSchema,
  OUTCOME_LABELS,
  outcomesFor as serverOutcomesFor,
  REJECT_REASON_LABELS,
  REJECT_REASONS as REASONS,
} from "@/lib/live/live-schemas";

export {
  alertViewSchema,
  deploymentChangedEventSchema,
  liveScopeSchema,
  UNDO_SECONDS,
  type AdjudicationView,
  type AlertOutcome,
  type AlertView,
  type LiveScope,
  type RejectReason,
} from "@/lib/live/live-schemas";

/** The counts event, with the scope version the reporting station searches (null: not known). */
export const countsEventSchema = serverCountsEventSchema;

export const REJECT_REASONS = REASONS.map((value) => ({ value, label: REJECT_REASON_LABELS[value] }));

export function outcomesFor(isTest: boolean) {
  return serverOutcomesFor(isTest).map((value) => ({ value, label: OUTCOME_LABELS[value] }));
}
