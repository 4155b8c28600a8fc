// The shop's own code: a catalogue, a cart in localStorage, and the touchpoint events.
export const products = [
  { id: 'mug', name: 'Stoneware mug', price: 18, art: 'linear-gradient(135deg,#fde68a,#f59e0b)' },
  { id: 'tote', name: 'Canvas tote', price: 24, art: 'linear-gradient(135deg,#bfdbfe,#3b82f6)' },
  { id: 'lamp', name: 'Desk lamp', price: 64, art: 'linear-gradient(135deg,#fecaca,#ef4444)' },
  { id: 'plant', name: 'Pilea in a pot', price: 29, art: 'linear-gradient(135deg,#bbf7d0,#16a34a)' },
  { id: 'notebook', name: 'Linen notebook', price: 15, art: 'linear-gradient(135deg,#e9d5ff,#8b5cf6)' },
  { id: 'blanket', name: 'Wool throw', price: 89, art: 'linear-gradient(135deg,#fbcfe8,#db2777)' },
]

const KEY = 'northwind-cart'
export const cart = {
  items: () => JSON.parse(localStorage.getItem(KEY) ?? '[]'),
  add(id) {
    localStorage.setItem(KEY, JSON.stringify([...cart.items(), id]))
  },
  clear: () => localStorage.removeItem(KEY),
  total: () => cart.items().reduce((sum, id) => sum + (products.find((p) => p.id === id)?.price ?? 0), 0),
}

export const money = (n) => `€${n.toFixed(2)}`

/** Text nodes only: product data never becomes HTML. */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children.filter((c) => c != null))
  return node
}

document.querySelector(`nav a[href="${location.pathname}"]`)?.setAttribute('aria-current', 'page')
const count = document.querySelector('[data-cart-count]')
if (count) count.textContent = String(cart.items().length)

// "Reset me": Touchpoint forgets this visitor's survey history, so every survey can show again.
document.querySelector('[data-reset]')?.addEventListener('click', async () => {
  await touchpoint('reset')
  location.reload()
})
