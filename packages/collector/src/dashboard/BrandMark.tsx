/** Touchpoint's mark (the same drawing as the favicon), inline: no request, and it follows the brand colour. */
export const BrandMark = () => (
  <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
    <rect width="32" height="32" rx="8" />
    <path d="M9 19a7 7 0 0 1 14 0" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" />
    <circle cx="16" cy="19" r="2.5" fill="#fff" />
  </svg>
)
