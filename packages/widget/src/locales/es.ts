import type { Strings } from '../strings.js'

// Informal "tú", and wording shared by Spain and Latin America (no "qué tan", no "vosotros").
export default {
  lang: 'es',
  nps: {
    question: '¿Qué probabilidad hay de que nos recomiendes a un amigo o a un colega?',
    labels: ['Nada probable', 'Muy probable'],
  },
  csat: {
    question: '¿Cómo valorarías tu experiencia?',
    labels: ['Muy insatisfactoria', 'Insatisfactoria', 'Regular', 'Satisfactoria', 'Muy satisfactoria'],
  },
  ces: {
    question: 'Me resultó fácil conseguir lo que necesitaba.',
    labels7: [
      'Totalmente en desacuerdo', 'En desacuerdo', 'Algo en desacuerdo', 'Ni de acuerdo ni en desacuerdo',
      'Algo de acuerdo', 'De acuerdo', 'Totalmente de acuerdo',
    ],
    labels5: ['Totalmente en desacuerdo', 'En desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'De acuerdo', 'Totalmente de acuerdo'],
  },
  followUp: {
    detractor: '¿Qué te decepcionó y qué podríamos mejorar?',
    passive: '¿Qué nos faltó para merecer un 10?',
    promoter: '¿Qué es lo que más te gusta?',
    low: '¿Qué podríamos haber hecho mejor?',
    high: '¿Qué fue lo que más te gustó?',
  },
  send: 'Enviar',
  close: 'Cerrar',
  thanks: '¡Gracias por tu opinión!',
  survey: 'Encuesta',
} satisfies Strings
