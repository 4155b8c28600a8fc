// Types for the script-tag global. In a TypeScript project that loads touchpoint.js with a
// <script> tag, add: /// <reference types="@touchpoint/browser/global" />
import type { TouchpointFunction } from './dist/esm/index.js'

declare global {
  /** Touchpoint's command function, installed by the snippet and touchpoint.js. */
  var touchpoint: TouchpointFunction
}

export {}
