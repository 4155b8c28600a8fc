import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'

/**
 * A modal dialog (the browser's own: focus moves in and stays there, Escape closes, the page
 * behind is inert, focus returns where it was when it closes).
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose(): void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null)
  useLayoutEffect(() => {
    const d = ref.current!
    const back = document.activeElement as HTMLElement | null
    d.showModal()
    return () => {
      d.close()
      back?.focus?.()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      class={`st-dialog${wide ? ' wide' : ''}`}
      aria-labelledby="st-dialog-title"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      // Closed by the browser itself (a close request it did not ask the page about): follow it.
      onClose={onClose}
    >
      <h2 id="st-dialog-title">{title}</h2>
      {children}
    </dialog>
  )
}
