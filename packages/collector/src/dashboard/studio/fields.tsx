import type { ComponentChildren } from 'preact'

/** What every field shows around its control: a label, an optional hint, the checker's messages. */
export interface FieldProps {
  id: string
  label: string
  hint?: ComponentChildren
  errors?: readonly string[]
}

/** The ids a control points at with `aria-describedby`: its hint and its errors. */
export const describedBy = (id: string, hint: unknown, errors?: readonly string[]) =>
  [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined

/** The checker's messages for a field, in its words, where a screen reader finds them from the field. */
export function Errors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors?.length) return null
  return (
    <ul class="st-errors" id={`${id}-error`}>
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

/** Label, control (the children), hint and errors. */
export function Field({ id, label, hint, errors, children, wide }: FieldProps & { children: ComponentChildren; wide?: boolean }) {
  return (
    <div class={`st-field${wide ? ' wide' : ''}${errors?.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      <Notes id={id} hint={hint} errors={errors} />
    </div>
  )
}

/** A field's hint and the checker's messages, under the ids `describedBy` gives its control. */
function Notes({ id, hint, errors }: Omit<FieldProps, 'label'>) {
  return (
    <>
      {hint && (
        <p class="st-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Errors id={id} errors={errors} />
    </>
  )
}

/** A fieldset of choices (the children) under the field's label as its legend, then its notes. */
function Choices({ field: p, inline, children }: { field: FieldProps; inline?: boolean; children: ComponentChildren }) {
  return (
    <fieldset class={`st-radios${inline ? ' inline' : ''}${p.errors?.length ? ' invalid' : ''}`} id={p.id} aria-describedby={describedBy(p.id, p.hint, p.errors)}>
      <legend>{p.label}</legend>
      <div class="st-choices">{children}</div>
      <Notes id={p.id} hint={p.hint} errors={p.errors} />
    </fieldset>
  )
}

const aria = (p: FieldProps) => ({ id: p.id, 'aria-describedby': describedBy(p.id, p.hint, p.errors), 'aria-invalid': p.errors?.length ? true : undefined })

/** A one-line text. `onValue` gets what was typed, `''` included. */
export function TextInput(p: FieldProps & { value: string | undefined; onValue(v: string): void; placeholder?: string; wide?: boolean; type?: 'text' | 'url'; dir?: 'auto' | 'ltr' | 'rtl'; list?: string }) {
  return (
    <Field {...p}>
      <input
        {...aria(p)}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        placeholder={p.placeholder}
        dir={p.dir}
        list={p.list}
        spellcheck={false}
        onInput={(e) => p.onValue(e.currentTarget.value)}
      />
    </Field>
  )
}

/**
 * A number. An empty box is `undefined` (the field is left out); what is not a number yet
 * (`1e`) is left as the browser holds it until it is one.
 */
export function NumberInput(p: FieldProps & { value: number | undefined; onValue(v: number | undefined): void; min?: number; max?: number; step?: number | 'any'; unit?: string; placeholder?: string }) {
  const raw = p.value === undefined ? '' : typeof p.value === 'number' ? String(p.value) : String(p.value)
  return (
    <Field {...p}>
      <span class="st-number">
        <input
          {...aria(p)}
          type="number"
          inputMode="decimal"
          value={raw}
          min={p.min}
          max={p.max}
          step={p.step ?? 'any'}
          placeholder={p.placeholder}
          onInput={(e) => {
            const el = e.currentTarget
            if (el.value === '' && el.validity.badInput) return
            p.onValue(el.value === '' ? undefined : Number(el.value))
          }}
        />
        {p.unit && <span class="st-unit">{p.unit}</span>}
      </span>
    </Field>
  )
}

/** A menu of `[value, words]`. */
export function Select<V extends string>(p: FieldProps & { value: V; options: readonly (readonly [V, string])[]; onValue(v: V): void }) {
  return (
    <Field {...p}>
      <select {...aria(p)} value={p.value} onChange={(e) => p.onValue(e.currentTarget.value as V)}>
        {p.options.map(([v, words]) => (
          <option key={v} value={v}>
            {words}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** One choice of several, as radio buttons in a fieldset: `[value, words, hint?]`. */
export function Radios<V extends string>(p: FieldProps & { value: V; options: readonly (readonly [V, string, string?])[]; onValue(v: V): void; inline?: boolean }) {
  return (
    <Choices field={p} inline={p.inline}>
      {p.options.map(([v, words, hint]) => (
        <label key={v} class="st-choice">
          <input type="radio" name={p.id} value={v} checked={p.value === v} onChange={() => p.onValue(v)} />
          <span>
            {words}
            {hint && <small>{hint}</small>}
          </span>
        </label>
      ))}
    </Choices>
  )
}

/** Several of a set, as checkboxes in a fieldset. */
export function Checks<V extends string>(p: FieldProps & { value: readonly V[]; options: readonly (readonly [V, string])[]; onValue(v: V[]): void }) {
  return (
    <Choices field={p} inline>
      {p.options.map(([v, words]) => (
        <label key={v} class="st-choice">
          <input
            type="checkbox"
            checked={p.value.includes(v)}
            onChange={(e) => p.onValue(e.currentTarget.checked ? p.options.map(([o]) => o).filter((o) => o === v || p.value.includes(o)) : p.value.filter((x) => x !== v))}
          />
          <span>{words}</span>
        </label>
      ))}
    </Choices>
  )
}

/** A titled part of a form. */
export function Section({ title, id, children, description }: { title: string; id: string; children: ComponentChildren; description?: string }) {
  return (
    <section class="st-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {description && <p class="st-hint">{description}</p>}
      {children}
    </section>
  )
}
