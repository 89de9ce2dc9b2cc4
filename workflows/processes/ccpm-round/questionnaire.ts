// PROCESSES.md §5 (revision 2): the CCPM questionnaire is data — the six core functions plus accountability,
// their sub-categories (numbering of the IASC Reference Module) and the questions partners and the coordinator
// answer on a five-point scale (0 = not at all … 4 = fully). Wording paraphrased from the public CCPM guidance.
import type { FieldSpec } from '../../domain/definitions/types';

export interface CcpmSubCategory {
  /** '1.1' … '7.1' */
  id: string;
  /** The answer's field name (`q1_1`): dots are path separators in data paths. */
  field: string;
  question: string;
}

export interface CcpmFunction {
  id: string;
  label: string;
  subCategories: readonly CcpmSubCategory[];
}

const sub = (id: string, question: string): CcpmSubCategory => ({ id, field: `q${id.replace('.', '_')}`, question });

export const CCPM_FUNCTIONS: readonly CcpmFunction[] = [
  { id: 'supporting-service-delivery', label: '1. Supporting service delivery', subCategories: [
    sub('1.1', 'The cluster provides a coordination platform driven by the agreed strategic priorities of the response.'),
    sub('1.2', 'The cluster develops mechanisms that remove duplication of service delivery.'),
  ] },
  { id: 'informing-strategic-decisions', label: '2. Informing strategic decisions of the HC/HCT', subCategories: [
    sub('2.1', 'Needs assessments and gap analyses are carried out jointly, with the partners.'),
    sub('2.2', 'The cluster analyses gaps, obstacles, duplication and cross-cutting issues.'),
    sub('2.3', 'Priorities are set on the ground of a response analysis.'),
  ] },
  { id: 'planning-and-strategy', label: '3. Planning and strategy development', subCategories: [
    sub('3.1', 'Sectoral plans, objectives and indicators support the response\'s strategic priorities.'),
    sub('3.2', 'Common standards and guidelines are agreed and applied.'),
    sub('3.3', 'Funding requirements are clarified, prioritised and reflected in the funding appeals.'),
  ] },
  { id: 'advocacy', label: '4. Advocacy', subCategories: [
    sub('4.1', 'Advocacy concerns are identified and brought to the HC/HCT\'s messaging.'),
    sub('4.2', 'The cluster advocates on behalf of its participants and of the affected people.'),
  ] },
  { id: 'monitoring-and-reporting', label: '5. Monitoring and reporting', subCategories: [
    sub('5.1', 'The cluster strategy and results are monitored and reported, with corrective action where needed.'),
  ] },
  { id: 'preparedness-and-capacity', label: '6. Contingency planning, preparedness and capacity building', subCategories: [
    sub('6.1', 'Contingency plans, early warning and preparedness are in place and updated.'),
  ] },
  { id: 'accountability-to-affected-people', label: '7. Accountability to affected people', subCategories: [
    sub('7.1', 'Mechanisms consult the affected people and receive and act on their feedback and complaints.'),
  ] },
];

export const CCPM_FUNCTION_IDS: readonly string[] = CCPM_FUNCTIONS.map((f) => f.id);
export const CCPM_SUB_CATEGORIES: readonly CcpmSubCategory[] = CCPM_FUNCTIONS.flatMap((f) => f.subCategories);

/** The highest answer on the scale (fully). */
export const CCPM_SCALE_MAX = 4;

/** One answer per sub-category, 0–4, all required. */
export const CCPM_ANSWER_FIELDS: readonly FieldSpec[] = CCPM_SUB_CATEGORIES.map((s) => ({
  name: s.field, label: `${s.id} ${s.question}`, type: 'integer', required: true, min: 0, max: CCPM_SCALE_MAX,
}));

export const COORDINATION_LEVELS = ['national', 'sub-national'] as const;
