import { expect, it } from 'vitest'
import * as widget from '@touchpoint/widget'

it('exports exactly its public surface', () => {
  expect(Object.keys(widget).sort()).toEqual(['LANGUAGES', 'en', 'loadStrings', 'mount', 'placeOf', 'promptModel'])
})
