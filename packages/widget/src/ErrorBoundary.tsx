import { Component } from 'preact'
import type { ComponentChildren } from 'preact'

export interface ErrorBoundaryProps {
  /** Called once, after the failed tree has been replaced by nothing. */
  onError(error: unknown): void
  children: ComponentChildren
}

/**
 * Catches what its children throw while rendering or in effects. Preact treats a component as
 * a boundary only when `componentDidCatch` leaves it with a state update pending; otherwise it
 * re-throws, which after a click means into the host page. Reporting waits for a microtask, so
 * that the owner may unmount the tree outside of Preact's own render.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { failed?: boolean }> {
  override componentDidCatch(error: unknown) {
    if (this.state.failed) return
    this.setState({ failed: true })
    queueMicrotask(() => this.props.onError(error))
  }
  render() {
    return this.state.failed ? null : this.props.children
  }
}
