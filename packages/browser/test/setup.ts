// happy-dom has no IndexedDB: fake-indexeddb stands in for unit tests (real Chromium covers the rest).
import 'fake-indexeddb/auto'
