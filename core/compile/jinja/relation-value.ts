import { attributePlaceholder } from '../placeholders.js';

/**
 * What `this`, `ref()` and `source()` give templates: the relation's placeholder text (a String object, so it
 * prints, concatenates, formats and passes to macros as that text) with dbt's relation attributes
 * `database`, `schema`, `identifier` and `name` (the identifier, as in dbt). Where the relation lives is
 * known only for a target, an environment and a fingerprint, so each attribute is a placeholder of that part
 * (`⟦this.schema⟧`): the canonical SQL stays the same in every environment, and the target SQL holds the
 * part of the relation the model reads there, unquoted (see placeholders.ts). In Jinja an attribute is that
 * placeholder's text, not the name: testing it (`{% if this.name == 'x' %}`) does not see the name.
 */
export class RelationValue extends String {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
  readonly name: string;

  constructor(placeholder: string) {
    super(placeholder);
    this.database = attributePlaceholder(placeholder, 'database');
    this.schema = attributePlaceholder(placeholder, 'schema');
    this.identifier = attributePlaceholder(placeholder, 'identifier');
    this.name = attributePlaceholder(placeholder, 'name');
  }
}
