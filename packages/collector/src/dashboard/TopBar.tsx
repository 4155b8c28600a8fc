import type { ComponentChildren } from 'preact'
import { BrandMark } from './BrandMark.js'
import { AppNav } from './studio/AppNav.js'

interface Props {
  /** The section this page belongs to, marked in the navigation. */
  section: 'dashboard' | 'surveys' | 'webhooks'
  /** What follows the brand: "CX dashboard", "Survey studio". */
  sub: string
  /** The brand is the page's heading, unless the page has one of its own. */
  brandIsHeading?: boolean
  /** Shown as "Sign out" when there is a token to forget. */
  onSignOut?: () => void
  /** The page's own actions, before "Sign out". */
  children?: ComponentChildren
}

/** The bar atop every page: the brand, the sections, the page's actions and "Sign out". */
export function TopBar({ section, sub, brandIsHeading = true, onSignOut, children }: Props) {
  const Brand = brandIsHeading ? 'h1' : 'p'
  return (
    <header class="topbar">
      <Brand class="brand">
        <BrandMark />
        Touchpoint <span class="brand-sub">{sub}</span>
      </Brand>
      <AppNav current={section} />
      {(children || onSignOut) && (
        <div class="actions">
          {children}
          {onSignOut && (
            <button type="button" class="button ghost" onClick={onSignOut}>
              Sign out
            </button>
          )}
        </div>
      )}
    </header>
  )
}
