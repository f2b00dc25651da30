import Handlebars from 'handlebars';

/** Text made safe for HTML and SVG, in element content and in quoted attributes (Handlebars' escaper). */
export const escapeMarkup = (text: string | number): string => Handlebars.escapeExpression(String(text));
