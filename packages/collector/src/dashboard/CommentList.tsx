import { bucketOf } from '@touchpoint/core'
import { Fragment } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { Comment } from '../comments.js'
import { formatDateTime } from './format.js'
import { highlight } from './highlight.js'

const TYPE = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const

/**
 * The latest comments with their score and where they were given. A comment is rendered as a
 * text node, never as markup: whatever a customer typed shows as typed. Each text that came
 * from a page (the comment, the touchpoint, the survey id) is isolated for bidi (`dir="auto"`,
 * `<bdi>`): a right-to-left override in one (U+202E) cannot reorder what is drawn after it,
 * such as the date, and a comment in Arabic or Hebrew runs right to left.
 */
export function CommentList({ comments, words = [], focus }: { comments: readonly Comment[]; words?: readonly string[]; focus?: number }) {
  const list = useRef<HTMLOListElement>(null)
  // The comment to focus (the first of the last page shown), or the list when that page was empty.
  useEffect(() => {
    if (focus !== undefined) ((list.current!.children[focus] as HTMLElement | undefined) ?? list.current!).focus()
  }, [focus])
  return (
    <ol class="comments" ref={list} tabIndex={focus !== undefined ? -1 : undefined}>
      {comments.map((c, i) => (
        <li key={c.id} class="comment" tabIndex={i === focus ? -1 : undefined}>
          <span class={`chip tone-${bucketOf(c.type, c.score, c.scale)}`} title={`${TYPE[c.type]} ${c.score} of ${c.scale.max}`}>
            <span class="sr-only">{`${TYPE[c.type]} `}</span>
            {c.score}
            <span class="sr-only">{` of ${c.scale.max}`}</span>
          </span>
          <div class="comment-body">
            <p class="comment-text" dir="auto">
              {words.length ? highlight(c.comment, words).map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text)) : c.comment}
            </p>
            <p class="comment-meta">
              {[c.touchpoint, c.stage, c.surveyId, ...Object.entries(c.context ?? {}).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).map((text, i) => (
                <Fragment key={i}>
                  <bdi>{text}</bdi>
                  {' · '}
                </Fragment>
              ))}
              <time dateTime={c.answeredAt}>{formatDateTime(c.answeredAt)}</time>
            </p>
          </div>
        </li>
      ))}
    </ol>
  )
}
