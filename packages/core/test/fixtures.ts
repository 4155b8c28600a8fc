/** The example survey of the configuration docs: every field used, all valid. */
export const designSurvey = {
  id: 'checkout-nps',
  type: 'nps',
  touchpoint: 'checkout',
  stage: 'purchase',
  question: { en: 'How likely are you to recommend us to a friend?', it: 'Quanto ci consiglieresti?' },
  followUp: true,
  triggers: [{ on: 'event', event: 'checkout_completed', delaySeconds: 2 }],
  audience: { url: { startsWith: '/checkout' }, device: ['desktop', 'mobile'], sampleRate: 0.5, attributes: { plan: 'pro' } },
  frequency: { recontactDays: 90, maxShows: 2 },
}
