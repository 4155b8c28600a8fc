import { bucketOf } from '@touchpoint/core'
import type { Comment } from '../comments.js'
import { formatDateTime } from './format.js'

const TYPE = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const

/**
 * The latest comments with their score and where they were given. A comment is rendered as a
 * text node, never as markup: whatever a customer typed shows as typed.
 */
export function CommentList({ comments }: { comments: readonly Comment[] }) {
  return (
    <ol class="comments">
      {comments.map((c) => (
        <li key={c.id} class="comment">
          <span class={`chip tone-${bucketOf(c.type, c.score, c.scale)}`} title={`${TYPE[c.type]} ${c.score} of ${c.scale.max}`}>
            <span class="sr-only">{`${TYPE[c.type]} `}</span>
            {c.score}
            <span class="sr-only">{` of ${c.scale.max}`}</span>
          </span>
          <div class="comment-body">
            <p class="comment-text">{c.comment}</p>
            <p class="comment-meta">
              {[c.touchpoint, c.stage, c.surveyId].filter(Boolean).join(' · ')} · <time dateTime={c.answeredAt}>{formatDateTime(c.answeredAt)}</time>
            </p>
          </div>
        </li>
      ))}
    </ol>
  )
}
