import { DEVICES, STAGES } from '@touchpoint/core'
import type { ConfigProblem } from '@touchpoint/core'
import { en } from '@touchpoint/widget'
import { ConditionsField } from './ConditionsField.js'
import { Checks, Field, NumberInput, Radios, Section, Select, TextInput, describedBy, Errors } from './fields.js'
import { fromLocalInput, localZone, toLocalInput } from './local-time.js'
import { fieldId, messagesAt, setIn } from './paths.js'
import type { Key } from './paths.js'
import { TextsField } from './TextsField.js'
import { TriggerField } from './TriggerField.js'
import { UrlRulesField } from './UrlRulesField.js'
import { useRows } from './use-rows.js'

type Loose = Record<string, unknown>

interface Props {
  survey: Loose
  /** Its place in the config: the checker's paths start `surveys[index]`. */
  index: number
  problems: readonly ConfigProblem[]
  onChange(next: Loose): void
}

const TYPES = [
  ['nps', 'NPS', 'How likely to recommend us, 0–10'],
  ['csat', 'CSAT', 'How satisfied, 1–5'],
  ['ces', 'CES', 'How easy it was, 1–7 (or 1–5)'],
] as const
const STAGE_WORDS: Record<string, string> = {
  awareness: 'Awareness',
  consideration: 'Consideration',
  purchase: 'Purchase',
  retention: 'Retention',
  advocacy: 'Advocacy',
}
const DEVICE_WORDS: Record<string, string> = { desktop: 'Desktop', tablet: 'Tablet', mobile: 'Phone' }

/** A rate 0–1 as a percentage without float noise (0.07 → 7). */
const asPercent = (rate: unknown) => (typeof rate === 'number' ? Math.round(rate * 1e6) / 1e4 : undefined)

/**
 * Every field of a survey, in plain words: what it asks and how, when it shows, who sees it,
 * how often, and when it runs. Each of the checker's messages appears beside its field.
 */
export function SurveyForm({ survey: s, index, problems, onChange }: Props) {
  const base = `surveys[${index}]`
  const path = (...keys: Key[]) => `${base}${keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`
  const id = (...keys: Key[]) => fieldId(path(...keys))
  const errs = (...keys: Key[]) => messagesAt(problems, path(...keys))
  /** Messages about a list and its items, which the list's one box shows. */
  const errsUnder = (...keys: Key[]) => problems.filter((p) => p.path.startsWith(path(...keys))).map((p) => p.message)
  const set = (keys: Key[], v: unknown) => onChange(setIn(s, keys, v))
  const str = (v: string) => (v === '' ? undefined : v)
  const type = s.type as string
  const audience = (s.audience ?? {}) as Loose
  const frequency = (s.frequency ?? {}) as Loose
  const labels = (s.labels ?? {}) as Loose
  const triggers = Array.isArray(s.triggers) ? (s.triggers as Loose[]) : []
  const builtIn = (en as unknown as Record<string, { question?: string }>)[type]?.question
  const followKind = s.followUp === undefined || s.followUp === false ? 'none' : s.followUp === true ? 'builtin' : 'own'

  return (
    <div class="st-form">
      <Section title="The question" id={`${id()}-basics`}>
        <div class="st-grid">
          <TextInput
            id={id('id')}
            label="Survey ID"
            value={s.id as string}
            hint="Letters, digits and . _ : -. Answers are filed under it: keep it once answers come in."
            errors={errs('id')}
            onValue={(v) => set(['id'], v)}
          />
          <TextInput
            id={id('touchpoint')}
            label="Touchpoint"
            value={s.touchpoint as string}
            placeholder={(s.id as string) || 'checkout'}
            hint="Where in the journey it asks, e.g. checkout, support-chat. Empty: the survey ID."
            errors={errs('touchpoint')}
            onValue={(v) => set(['touchpoint'], str(v))}
          />
          <Select
            id={id('stage')}
            label="Journey stage"
            value={(s.stage as string) ?? ''}
            options={[['', 'None'], ...STAGES.map((st) => [st, STAGE_WORDS[st]!] as const)]}
            errors={errs('stage')}
            onValue={(v) => set(['stage'], str(v))}
          />
        </div>
        <Radios
          id={id('type')}
          label="Kind"
          value={type}
          inline
          options={[...TYPES, ...((TYPES as readonly (readonly string[])[]).some(([t]) => t === type) ? [] : [[type, `(${type})`] as const])]}
          errors={errs('type')}
          onValue={(t) => {
            // Points belong to CES and looks to CSAT: the checker refuses them on another kind.
            const { scale: _scale, style: _style, ...rest } = s
            onChange({ ...rest, type: t })
          }}
        />
        {type === 'ces' && (
          <Radios
            id={id('scale')}
            label="Points"
            inline
            value={String(s.scale ?? 7)}
            options={[
              ['7', '7 points', 'Strongly disagree … strongly agree'],
              ['5', '5 points', 'Disagree … agree'],
            ]}
            errors={errs('scale')}
            onValue={(v) => set(['scale'], v === '7' ? undefined : 5)}
          />
        )}
        {type === 'csat' && (
          <Radios
            id={id('style')}
            label="Look"
            inline
            value={(s.style as string) ?? 'numbers'}
            options={[
              ['numbers', 'Numbers'],
              ['stars', 'Stars'],
              ['emoji', 'Faces'],
            ]}
            errors={errs('style')}
            onValue={(v) => set(['style'], v === 'numbers' ? undefined : v)}
          />
        )}
        <TextsField
          path={path('question')}
          label="Question"
          value={s.question as never}
          placeholder={builtIn}
          hint="Empty: the built-in question of its kind, in the visitor's language."
          problems={problems}
          onValue={(v) => set(['question'], v)}
        />
        <Radios
          id={id('followUp')}
          label="Follow-up question, after the score"
          value={followKind}
          options={[
            ['none', 'None', 'The score is sent at once'],
            ['builtin', 'Built-in', 'Asked in words that suit the score ("What could we do better?")'],
            ['own', 'My own', 'Your text, whatever the score'],
          ]}
          errors={typeof s.followUp === 'object' ? [] : errs('followUp')}
          onValue={(v) => set(['followUp'], v === 'none' ? undefined : v === 'builtin' ? true : { en: '' })}
        />
        {followKind === 'own' && (
          <TextsField path={path('followUp')} label="Follow-up question" value={s.followUp as never} problems={problems} onValue={(v) => set(['followUp'], v ?? true)} />
        )}
        <details class="st-more" open={!!s.labels}>
          <summary>Scale labels</summary>
          <div class="st-grid">
            <TextsField path={path('labels', 'min')} label="Under the lowest score" value={labels.min as never} placeholder="Built-in" problems={problems} onValue={(v) => set(['labels', 'min'], v)} />
            <TextsField path={path('labels', 'max')} label="Under the highest score" value={labels.max as never} placeholder="Built-in" problems={problems} onValue={(v) => set(['labels', 'max'], v)} />
          </div>
          <Errors id={id('labels')} errors={errs('labels')} />
        </details>
        <ListInput
          id={id('context')}
          label="Context each answer carries"
          value={s.context}
          placeholder="orderId, plan"
          hint="Names, comma-separated: each answer carries their values from the event that showed the survey, the visitor's attributes, or show(). Nothing else leaves the page. Empty: none."
          errors={errsUnder('context')}
          onValue={(v) => set(['context'], v)}
        />
      </Section>

      <Section title="When it shows" id={`${id()}-triggers`} description="Any one trigger firing shows the survey, if the visitor is in its audience.">
        {triggers.map((t, i) => (
          <TriggerField
            key={i}
            index={i}
            of={triggers.length}
            path={path('triggers', i)}
            trigger={t}
            problems={problems}
            onValue={(v) => set(['triggers'], v ? triggers.map((x, j) => (j === i ? v : x)) : triggers.filter((_, j) => j !== i))}
          />
        ))}
        <Errors id={id('triggers')} errors={errs('triggers')} />
        <button type="button" class="button st-add" onClick={() => set(['triggers'], [...triggers, { on: 'pageview' }])}>
          Add a trigger
        </button>
      </Section>

      <Section title="Who sees it" id={`${id()}-audience`} description="Every rule given must hold. None: everyone.">
        <UrlRulesField
          path={path('audience', 'url')}
          label="On pages"
          empty="Every page. Add a rule to narrow it."
          value={audience.url as never}
          problems={problems}
          onValue={(v) => set(['audience', 'url'], v)}
        />
        <Checks
          id={id('audience', 'device')}
          label="Devices"
          value={(Array.isArray(audience.device) ? audience.device : []) as string[]}
          options={DEVICES.map((d) => [d, DEVICE_WORDS[d]!] as const)}
          hint="None ticked: every device."
          errors={errsUnder('audience', 'device')}
          onValue={(v) => set(['audience', 'device'], v.length ? v : undefined)}
        />
        <ListInput
          id={id('audience', 'locale')}
          label="Languages of the visitor"
          value={audience.locale}
          placeholder="en, it, pt-BR"
          hint={'Comma-separated. "it" covers it-IT and it-CH; "pt-BR" only pt-BR. Empty: every language.'}
          errors={errsUnder('audience', 'locale')}
          onValue={(v) => set(['audience', 'locale'], v)}
        />
        <ConditionsField
          path={path('audience', 'attributes')}
          label="Visitors whose attributes…"
          hint="Attributes your code sets with touchpoint('identify', userId, attributes). Every condition must hold."
          noun="attribute"
          value={audience.attributes as never}
          problems={problems}
          onValue={(v) => set(['audience', 'attributes'], v)}
        />
        <NumberInput
          id={id('audience', 'sampleRate')}
          label="Share of visitors asked"
          unit="%"
          min={0}
          max={100}
          value={asPercent(audience.sampleRate)}
          placeholder="100"
          hint="Each visitor is in or out for good, the same on every page. Empty: everyone."
          errors={errs('audience', 'sampleRate')}
          onValue={(v) => set(['audience', 'sampleRate'], v === undefined ? undefined : Math.round(v * 1e4) / 1e6)}
        />
        <Errors id={id('audience')} errors={errs('audience')} />
      </Section>

      <Section title="How often" id={`${id()}-frequency`}>
        <Radios
          id={id('frequency', 'recontactDays')}
          label="After a visitor answers or closes it"
          value={frequency.recontactDays === undefined ? 'never' : 'after'}
          options={[
            ['never', 'Never ask them again'],
            ['after', 'Ask again after a number of days'],
          ]}
          onValue={(v) => set(['frequency', 'recontactDays'], v === 'never' ? undefined : 90)}
        />
        {frequency.recontactDays !== undefined && (
          <NumberInput
            id={`${id('frequency', 'recontactDays')}-days`}
            label="Ask again after"
            unit="days"
            min={0}
            value={frequency.recontactDays as number}
            errors={errs('frequency', 'recontactDays')}
            onValue={(v) => set(['frequency', 'recontactDays'], v ?? 0)}
          />
        )}
        <NumberInput
          id={id('frequency', 'maxShows')}
          label="Show it at most"
          unit="times per visitor"
          min={1}
          step={1}
          value={frequency.maxShows as number}
          hint="Answered or not. Empty: no limit."
          errors={errs('frequency', 'maxShows')}
          onValue={(v) => set(['frequency', 'maxShows'], v)}
        />
        <Errors id={id('frequency')} errors={errs('frequency')} />
      </Section>

      <Section title="When it runs" id={`${id()}-lifecycle`}>
        <Radios
          id={id('status')}
          label="Status"
          inline
          value={(s.status as string) ?? 'live'}
          options={[
            ['live', 'Live', 'Shows once published'],
            ['paused', 'Paused', 'Stopped for now'],
            ['draft', 'Draft', 'Not started'],
          ]}
          errors={errs('status')}
          onValue={(v) => set(['status'], v === 'live' ? undefined : v)}
        />
        <div class="st-grid">
          <DateTime id={id('startsAt')} label="Starts" value={s.startsAt} errors={errs('startsAt')} onValue={(v) => set(['startsAt'], v)} />
          <DateTime id={id('endsAt')} label="Ends" value={s.endsAt} errors={errs('endsAt')} onValue={(v) => set(['endsAt'], v)} />
          <NumberInput
            id={id('maxResponses')}
            label="Stop after"
            unit="answers"
            min={1}
            step={1}
            value={s.maxResponses as number}
            hint="Counted by this collector. Empty: no cap."
            errors={errs('maxResponses')}
            onValue={(v) => set(['maxResponses'], v)}
          />
        </div>
      </Section>
      <Errors id={id()} errors={messagesAt(problems, base)} />
    </div>
  )
}

/** A list typed as comma-separated words, kept as typed between keystrokes. */
function ListInput(p: { id: string; label: string; value: unknown; placeholder: string; hint: string; errors: string[]; onValue(v: string[] | undefined): void }) {
  const toText = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : '')
  const toList = (t: string) => {
    const list = t.split(',').map((x) => x.trim()).filter(Boolean)
    return list.length ? list : undefined
  }
  const [text, setText] = useRows<unknown, string>(p.value, toText, toList, (v) => p.onValue(v as string[] | undefined))
  return <TextInput {...p} value={text} onValue={setText} />
}

/** A moment, typed in the viewer's time and kept in UTC. */
function DateTime({ id, label, value, errors, onValue }: { id: string; label: string; value: unknown; errors: string[]; onValue(v: string | undefined): void }) {
  const hint = `In your time (${localZone()}). Empty: ${label === 'Starts' ? 'at once' : 'never'}.`
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      <input
        id={id}
        type="datetime-local"
        step={60}
        value={typeof value === 'string' ? toLocalInput(value) : ''}
        aria-describedby={describedBy(id, hint, errors)}
        aria-invalid={errors.length ? true : undefined}
        onInput={(e) => onValue(fromLocalInput(e.currentTarget.value))}
      />
    </Field>
  )
}
