export { LANGUAGES, loadStrings } from './load-strings.js'
export { en } from './locales/en.js'
export { mount, placeOf } from './mount.js'
export { promptModel } from './prompt-model.js'

export type { Appearance, Mounted, MountOptions, Position } from './mount.js'
export type { PromptModel, ScaleOption } from './prompt-model.js'
export type { Strings } from './strings.js'
