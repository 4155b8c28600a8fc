/** Adds an event listener; returns what removes it. */
export const listen = (target: EventTarget, type: string, fn: (e: never) => void, options: AddEventListenerOptions = {}) => {
  target.addEventListener(type, fn as EventListener, options)
  return () => target.removeEventListener(type, fn as EventListener, options)
}
