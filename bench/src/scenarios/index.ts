import type { Scenario } from '../lib/types';
import { codecScenario } from './codec';
import { pipelineScenario } from './pipeline';
import { servicesScenario } from './services';

/** Every scenario, in the order `npm run bench` runs them (`--only <name>` picks one). */
export const scenarios: { name: string; scenario: Scenario }[] = [
  { name: 'codec', scenario: codecScenario },
  { name: 'pipeline', scenario: pipelineScenario },
  { name: 'services', scenario: servicesScenario },
];
