/** What a caller who may not read a list sees: nothing, and a count of nothing. */
export const emptyConnection = () => ({
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: 0,
});
