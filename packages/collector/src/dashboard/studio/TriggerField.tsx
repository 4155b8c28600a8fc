import type { ConfigProblem, TriggerKind } from '@touchpoint/core'
import { TRIGGER_KINDS } from '@touchpoint/core'
import { ConditionsField } from './ConditionsField.js'
import { Errors, NumberInput, Select, TextInput } from './fields.js'
import { fieldId, messagesAt } from './paths.js'
import { UrlRulesField } from './UrlRulesField.js'
import { TRIGGER_WORDS } from './words.js'

type Loose = Record<string, unknown>

/** What a trigger of each kind starts with when chosen: its required field, ready to fill. */
const FRESH: Record<TriggerKind, Loose> = {
  pageview: {},
  event: { event: '' },
  click: { selector: '' },
  exit_intent: {},
  scroll: { percent: 50 },
  dwell: { seconds: 30 },
  idle: { seconds: 30 },
  visit: { count: 2 },
}

interface Props {
  index: number
  /** How many triggers the survey has: the last one cannot be removed. */
  of: number
  path: string
  trigger: Loose
  problems: readonly ConfigProblem[]
  onValue(t: Loose | undefined): void
}

/** One trigger: its kind, that kind's options, and a delay. */
export function TriggerField({ index, of, path, trigger, problems, onValue }: Props) {
  const at = (k: string) => `${path}.${k}`
  const errs = (k: string) => messagesAt(problems, at(k))
  const set = (k: string, v: unknown) => {
    const next = { ...trigger }
    if (v === undefined) delete next[k]
    else next[k] = v
    onValue(next)
  }
  const kind = (TRIGGER_KINDS as readonly string[]).includes(trigger.on as string) ? (trigger.on as TriggerKind) : undefined
  const own = messagesAt(problems, path)
  return (
    <fieldset class="st-trigger" id={fieldId(path)}>
      <legend>Trigger {index + 1}</legend>
      <Select
        id={fieldId(at('on'))}
        label="Shows on"
        value={kind ?? ('' as TriggerKind)}
        options={[...(kind ? [] : [['' as TriggerKind, `(${String(trigger.on)})`] as const]), ...TRIGGER_KINDS.map((k) => [k, TRIGGER_WORDS[k]] as const)]}
        errors={errs('on')}
        onValue={(on) => onValue({ on, ...FRESH[on], ...(trigger.delaySeconds !== undefined && { delaySeconds: trigger.delaySeconds }) })}
      />
      {kind === 'pageview' && (
        <UrlRulesField path={at('url')} label="Pages" empty="Every page. Add a rule to narrow it." value={trigger.url as never} problems={problems} onValue={(v) => set('url', v)} />
      )}
      {kind === 'event' && (
        <>
          <TextInput
            id={fieldId(at('event'))}
            label="Event name"
            value={trigger.event as string}
            placeholder="support_chat_closed"
            hint={<>Your code sends it: <code>touchpoint('track', '{(trigger.event as string) || 'name'}', properties)</code></>}
            errors={errs('event')}
            onValue={(v) => set('event', v)}
          />
          <ConditionsField
            path={at('where')}
            label="Only when its properties…"
            hint="Every condition must hold. None: any occurrence of the event."
            noun="property"
            value={trigger.where as never}
            problems={problems}
            onValue={(v) => set('where', v)}
          />
          <NumberInput
            id={fieldId(at('count'))}
            label="From the Nth time"
            value={trigger.count as number}
            min={1}
            step={1}
            placeholder="1"
            hint="Counted on the visitor's device, across page loads. Empty: the first time."
            errors={errs('count')}
            onValue={(v) => set('count', v)}
          />
        </>
      )}
      {kind === 'click' && (
        <TextInput
          id={fieldId(at('selector'))}
          label="Element (CSS selector)"
          value={trigger.selector as string}
          placeholder="[data-action=contact-support]"
          hint="A click on it, or inside it, shows the survey."
          errors={errs('selector')}
          onValue={(v) => set('selector', v)}
        />
      )}
      {kind === 'exit_intent' && <p class="st-hint">When the pointer leaves the page through its top edge. Desktop only: phones have no pointer to leave with.</p>}
      {kind === 'scroll' && (
        <NumberInput id={fieldId(at('percent'))} label="Scrolled to" unit="% of the page" value={trigger.percent as number} min={1} max={100} errors={errs('percent')} onValue={(v) => set('percent', v)} />
      )}
      {(kind === 'dwell' || kind === 'idle') && (
        <NumberInput
          id={fieldId(at('seconds'))}
          label={kind === 'dwell' ? 'Time on the page' : 'Time without input'}
          unit="seconds"
          value={trigger.seconds as number}
          min={1}
          hint={kind === 'dwell' ? 'The clock stops while the tab is hidden.' : 'No pointer, key, wheel, touch or scroll for this long.'}
          errors={errs('seconds')}
          onValue={(v) => set('seconds', v)}
        />
      )}
      {kind === 'visit' && (
        <NumberInput
          id={fieldId(at('count'))}
          label="From visit number"
          value={trigger.count as number}
          min={1}
          step={1}
          hint="A visit ends after 30 minutes without activity."
          errors={errs('count')}
          onValue={(v) => set('count', v)}
        />
      )}
      <NumberInput
        id={fieldId(at('delaySeconds'))}
        label="Wait before showing"
        unit="seconds"
        value={trigger.delaySeconds as number}
        min={0}
        placeholder="0"
        hint="Cancelled if the visitor moves to another page meanwhile."
        errors={errs('delaySeconds')}
        onValue={(v) => set('delaySeconds', v)}
      />
      <Errors id={fieldId(path)} errors={own.concat(problems.filter((p) => p.path.startsWith(`${path}.`) && !['on', 'event', 'count', 'selector', 'percent', 'seconds', 'delaySeconds'].some((k) => p.path === at(k)) && !p.path.startsWith(at('url')) && !p.path.startsWith(at('where'))).map((p) => p.message))} />
      {of > 1 && (
        <button type="button" class="button ghost st-remove" onClick={() => onValue(undefined)}>
          Remove trigger {index + 1}
        </button>
      )}
    </fieldset>
  )
}
