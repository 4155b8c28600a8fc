import { useEffect, useRef, useState } from 'preact/hooks'
import { configProblems } from '@touchpoint/core'
import type { Survey } from '@touchpoint/core'
import { LANGUAGES, loadStrings, mount } from '@touchpoint/widget'
import type { Mounted } from '@touchpoint/widget'
import { surveyLanguages } from './texts.js'

type Step = 'score' | 'followUp' | 'thanks'
type Loose = Record<string, unknown>

const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English', ar: 'Arabic', de: 'German', es: 'Spanish', fr: 'French', it: 'Italian', ja: 'Japanese', nl: 'Dutch', pt: 'Portuguese',
}
/** The fields that decide how a prompt looks: with a problem in one, there is nothing true to show. */
const SHOWN = ['type', 'scale', 'style', 'question', 'followUp', 'labels']
/** Wait this long after the last keystroke before drawing the prompt again. */
const SETTLE_MS = 120

const tick = () => new Promise((r) => setTimeout(r))

/**
 * Walks the real prompt to a step, as a visitor would: chooses a score (the follow-up opens),
 * then sends (thanks). Nothing leaves the page: the preview's answers go nowhere.
 */
async function walk(prompt: Mounted, step: Step, score: number) {
  if (step === 'score') return
  const root = prompt.host.shadowRoot!
  await tick()
  root.querySelector<HTMLInputElement>(`input[value="${score}"]`)?.click()
  if (step === 'thanks') {
    await tick()
    root.querySelector<HTMLButtonElement>('button[type=submit]')?.click()
  }
}

/**
 * The survey as visitors will see it: the real prompt (the widget the SDK loads), drawn again
 * as the survey is edited, in light or dark, in each language, at desktop or phone width,
 * at each step. It sits in the flow of a sample page, where a site shows it in a corner.
 * `hold` takes it off the page while a dialog is open.
 */
export function Preview({ survey, hold }: { survey: Loose; hold?: boolean }) {
  const own = surveyLanguages([survey.question as never, survey.followUp as never, (survey.labels as Loose)?.min as never, (survey.labels as Loose)?.max as never])
  const languages = [...new Set([...own, ...LANGUAGES])]
  const [theme, setTheme] = useState<'light' | 'dark'>('light')
  const [language, setLanguage] = useState(own[0] ?? 'en')
  const [width, setWidth] = useState<'desktop' | 'phone'>('desktop')
  const [step, setStep] = useState<Step>('score')
  const [closed, setClosed] = useState(false)
  const [failure, setFailure] = useState<string>()
  const [again, setAgain] = useState(0)
  const holder = useRef<HTMLDivElement>(null)

  const problems = configProblems({ surveys: [{ ...survey, id: 'preview', triggers: [{ on: 'pageview' }] }] }).filter((p) =>
    SHOWN.some((f) => p.path === `surveys[0].${f}` || p.path.startsWith(`surveys[0].${f}.`)),
  )
  const top = survey.type === 'nps' ? 10 : survey.type === 'ces' ? (survey.scale === 5 ? 5 : 7) : 5
  const key = JSON.stringify([survey, theme, language, step])

  useEffect(() => {
    // While a dialog of the studio is open, no prompt is drawn behind it: a prompt is a <dialog>
    // too, and one that opened after the studio's would take its Escape.
    if (problems.length || !holder.current || hold) return
    let prompt: Mounted | undefined
    let gone = false
    setClosed(false)
    setFailure(undefined)
    const timer = setTimeout(async () => {
      const strings = await loadStrings([language])
      if (gone) return
      prompt = mount({
        survey: survey as unknown as Survey,
        strings,
        locale: language,
        theme,
        position: 'inline',
        target: holder.current,
        onAnswer() {},
        onDismiss() {},
        onClose: () => !gone && setClosed(true),
        onError: (e) => !gone && setFailure((e as Error)?.message ?? String(e)),
      })
      await walk(prompt, step, top)
    }, SETTLE_MS)
    return () => {
      gone = true
      clearTimeout(timer)
      prompt?.close()
    }
  }, [key, again, problems.length, hold])

  const segmented = <V extends string>(label: string, value: V, options: [V, string][], set: (v: V) => void) => (
    <div class="segmented" role="group" aria-label={label}>
      {options.map(([v, words]) => (
        <button type="button" key={v} aria-pressed={v === value} onClick={() => set(v)}>
          {words}
        </button>
      ))}
    </div>
  )

  return (
    <section class="st-preview" aria-labelledby="st-preview-title">
      <header class="st-preview-head">
        <h3 id="st-preview-title">Preview</h3>
        <p class="st-hint">The real prompt, as your visitors will see it. Try it: choose a score.</p>
      </header>
      <div class="st-preview-controls">
        {segmented('Theme', theme, [['light', 'Light'], ['dark', 'Dark']], setTheme)}
        {segmented('Width', width, [['desktop', 'Desktop'], ['phone', 'Phone']], setWidth)}
        {segmented('Step', step, [['score', 'Score'], ['followUp', 'Follow-up'], ['thanks', 'Thanks']], setStep)}
        <span class="st-inline-field">
          <label for="st-preview-language">Language</label>
          <select id="st-preview-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l.split('-')[0]!] ?? l} ({l}){own.includes(l) ? '' : ', built-in texts'}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div class={`st-stage ${width} ${theme}`} data-preview-width={width}>
        <div class="st-page" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
        {problems.length ? (
          <p class="st-preview-note">The preview comes back once the question’s fields are fixed: {problems[0]!.message}.</p>
        ) : (
          <div class="st-prompt" ref={holder} data-testid="preview" />
        )}
        {closed && !problems.length && (
          <p class="st-preview-note">
            The prompt closed, as it does on your site.{' '}
            <button type="button" class="button" onClick={() => setAgain((n) => n + 1)}>
              Show it again
            </button>
          </p>
        )}
        {failure && <p class="st-preview-note error">The prompt could not be drawn: {failure}</p>}
      </div>
    </section>
  )
}
