// The words a config is made of, in a module of their own: pages that only list them (the
// dashboard's filters) do not take the whole checker with them.

/** Survey types, in the order error messages list them. */
export const SURVEY_TYPES = ['nps', 'csat', 'ces'] as const
/** Journey stages, in funnel order. */
export const STAGES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'] as const
/** Trigger kinds. */
export const TRIGGER_KINDS = ['pageview', 'event', 'click', 'exit_intent', 'scroll', 'dwell', 'idle', 'visit'] as const
/** Device classes. */
export const DEVICES = ['mobile', 'tablet', 'desktop'] as const
/** Survey statuses; `live` is the default. */
export const STATUSES = ['live', 'paused', 'draft'] as const
/** What an event record says happened to a prompt (`EventPayload.kind`). */
export const EVENT_KINDS = ['shown', 'dismissed'] as const
