import type { ConfigProblem, UrlRules } from '@touchpoint/core'
import { describedBy, Errors } from './fields.js'
import { fieldId, messagesAt } from './paths.js'
import { linesRules, URL_TESTS, urlLines } from './url-rules.js'
import type { UrlLine, UrlLines, UrlTest } from './url-rules.js'
import { useRows } from './use-rows.js'

const TEST_WORDS: Record<UrlTest, [string, string]> = {
  startsWith: ['starts with', 'does not start with'],
  contains: ['contains', 'does not contain'],
  endsWith: ['ends with', 'does not end with'],
  equals: ['is exactly', 'is not'],
  matches: ['matches the pattern', 'does not match the pattern'],
}
const CHOICES = URL_TESTS.flatMap((t) => [`${t}`, `not:${t}`])

interface Props {
  path: string
  label: string
  /** What no rule means, in words: "every page". */
  empty: string
  value: UrlRules | undefined
  problems: readonly ConfigProblem[]
  onValue(v: UrlRules | undefined): void
}

/** The problems under a rule path, with the field path they are about. */
const under = (problems: readonly ConfigProblem[], path: string) => problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))

/**
 * Page address rules: rules of which any may hold, each a list of tests that must all hold
 * (`starts with /checkout` and `does not contain step=1`). Tested against the path and the
 * full address.
 */
export function UrlRulesField({ path, label, empty, value, problems, onValue }: Props) {
  const id = fieldId(path)
  const [rules, set] = useRows<UrlRules | undefined, UrlLines[] | null>(value, urlLines, (r) => linesRules(r ?? []), onValue)
  const all = under(problems, path).map((p) => p.message)
  if (!rules) {
    return (
      <div class="st-field wide">
        <p class="st-label">{label}</p>
        <p class="st-note" id={id}>
          These rules nest deeper than the form shows: <code>{JSON.stringify(value)}</code>. Edit them in the JSON tab, or{' '}
          <button type="button" class="link" onClick={() => onValue(undefined)}>
            clear them
          </button>{' '}
          to start again here.
        </p>
        <Errors id={id} errors={all} />
      </div>
    )
  }
  const setLine = (r: number, l: number, line: UrlLine | undefined) =>
    set(rules.map((ls, i) => (i !== r ? ls : line ? ls.map((x, j) => (j === l ? line : x)) : ls.filter((_, j) => j !== l))).filter((ls) => ls.length))
  const free = (ls: UrlLines, except?: UrlLine) => URL_TESTS.find((t) => !ls.some((x) => x !== except && !x.negate && x.test === t)) ?? 'contains'
  return (
    <fieldset class="st-rules" id={id} aria-describedby={describedBy(id, true, messagesAt(problems, path))}>
      <legend>{label}</legend>
      <p class="st-hint" id={`${id}-hint`}>
        {rules.length ? 'Each test checks the page’s path (/checkout) and its full address.' : empty}
      </p>
      {rules.map((lines, r) => (
        <div class="st-rule" key={r} role="group" aria-label={`Rule ${r + 1}${rules.length > 1 ? ' (any rule may hold)' : ''}`}>
          {r > 0 && <p class="st-or">or</p>}
          {lines.map((line, l) => {
            const lineId = `${id}-${r}-${l}`
            const linePath = `${path}${Array.isArray(value) ? `[${r}]` : ''}`
            // The line's own path, as the checker writes it: `not` holds one test (an object)
            // or several (a list, in the order of the negated lines).
            const k = lines.filter((x, j) => x.negate && j < l).length
            const own = line.negate ? [`${linePath}.not.${line.test}`, `${linePath}.not[${k}].${line.test}`] : [`${linePath}.${line.test}`]
            const errors = problems.filter((p) => own.includes(p.path)).map((p) => p.message)
            return (
              <div class="st-line st-url-line" key={l}>
                {l > 0 && <span class="st-and">and</span>}
                <label class="sr-only" for={`${lineId}-test`}>
                  Test {l + 1} of rule {r + 1}
                </label>
                <select
                  id={`${lineId}-test`}
                  value={`${line.negate ? 'not:' : ''}${line.test}`}
                  onChange={(e) => {
                    const v = e.currentTarget.value
                    setLine(r, l, { ...line, negate: v.startsWith('not:'), test: v.replace('not:', '') as UrlTest })
                  }}
                >
                  {CHOICES.map((c) => {
                    const [negate, test] = c.startsWith('not:') ? [true, c.slice(4) as UrlTest] : [false, c as UrlTest]
                    const taken = !negate && lines.some((x) => x !== line && !x.negate && x.test === test)
                    return (
                      <option key={c} value={c} disabled={taken}>
                        The address {TEST_WORDS[test][negate ? 1 : 0]}
                      </option>
                    )
                  })}
                </select>
                <label class="sr-only" for={`${lineId}-value`}>
                  Value of test {l + 1} of rule {r + 1}
                </label>
                <input
                  id={`${lineId}-value`}
                  value={line.value}
                  spellcheck={false}
                  placeholder={line.test === 'matches' ? '^/products/\\d+$' : '/checkout'}
                  aria-invalid={errors.length ? true : undefined}
                  aria-describedby={describedBy(lineId, false, errors)}
                  onInput={(e) => setLine(r, l, { ...line, value: e.currentTarget.value })}
                />
                <button type="button" class="button ghost st-remove" aria-label={`Remove test ${l + 1} of rule ${r + 1}`} onClick={() => setLine(r, l, undefined)}>
                  Remove
                </button>
                <Errors id={lineId} errors={errors} />
              </div>
            )
          })}
          <button
            type="button"
            class="button st-add"
            onClick={() => set(rules.map((ls, i) => (i === r ? [...ls, { test: free(ls), negate: false, value: '' }] : ls)))}
          >
            Add a test (and)
          </button>
        </div>
      ))}
      <button type="button" class="button st-add" onClick={() => set([...rules, [{ test: 'startsWith', negate: false, value: '' }]])}>
        {rules.length ? 'Add another rule (or)' : 'Add a rule'}
      </button>
      <Errors id={id} errors={messagesAt(problems, path)} />
    </fieldset>
  )
}
