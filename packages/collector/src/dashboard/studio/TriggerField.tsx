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
  /** What ties a field to the trigger's key `k`: its id, value, messages and setter. */
  const bind = <T,>(k: string) => ({ id: fieldId(at(k)), value: trigger[k] as T, errors: errs(k), onValue: (v: T | undefined) => set(k, v) })
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
            {...bind<string>('event')}
            label="Event name"
            placeholder="support_chat_closed"
            hint={<>Your code sends it: <code>touchpoint('track', '{(trigger.event as string) || 'name'}', properties)</code></>}
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
            {...bind<number>('count')}
            label="From the Nth time"
            min={1}
            step={1}
            placeholder="1"
            hint="Counted on the visitor's device, across page loads. Empty: the first time."
          />
        </>
      )}
      {kind === 'click' && (
        <TextInput
          {...bind<string>('selector')}
          label="Element (CSS selector)"
          placeholder="[data-action=contact-support]"
          hint="A click on it, or inside it, shows the survey."
        />
      )}
      {kind === 'exit_intent' && <p class="st-hint">When the pointer leaves the page through its top edge. Desktop only: phones have no pointer to leave with.</p>}
      {kind === 'scroll' && (
        <NumberInput
          {...bind<number>('percent')}
          label="Scrolled to"
          unit="% of the page"
          min={1}
          max={100}
          hint="Checked as the visitor scrolls: on a page too short to scroll, it never shows. There, use time on the page."
        />
      )}
      {(kind === 'dwell' || kind === 'idle') && (
        <NumberInput
          {...bind<number>('seconds')}
          label={kind === 'dwell' ? 'Time on the page' : 'Time without input'}
          unit="seconds"
          min={1}
          hint={kind === 'dwell' ? 'The clock stops while the tab is hidden.' : 'No pointer, key, wheel, touch or scroll for this long.'}
        />
      )}
      {kind === 'visit' && (
        <NumberInput
          {...bind<number>('count')}
          label="From visit number"
          min={1}
          step={1}
          hint="A visit ends after 30 minutes without activity."
        />
      )}
      <NumberInput
        {...bind<number>('delaySeconds')}
        label="Wait before showing"
        unit="seconds"
        min={0}
        placeholder="0"
        hint="Cancelled if the visitor moves to another page meanwhile."
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
