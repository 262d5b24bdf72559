// Organization search: a name fragment, half of the time narrowed to a street or a category.
import { graphql, nth, scenarioOptions, targets } from './lib.js';
import { ORGANIZATION_SEARCH } from './queries.js';

const CATEGORIES = ['COMMUNITY_SERVICE', 'CHARITY', 'TRADE_ASSOCIATION', 'SCIENCE_AND_TECHNOLOGY'];

export const options = scenarioOptions({});

export default function () {
  const filter = { name: nth(targets.searchTerms) };
  const narrow = (__ITER + __VU) % 4;
  if (narrow === 1) filter.streetCode = nth(targets.streets, 3);
  if (narrow === 2) filter.category = nth(CATEGORIES, 5);
  graphql('OrganizationSearch', ORGANIZATION_SEARCH, { filter, first: 20 });
}
