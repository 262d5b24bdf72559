// "Today" and "this year" are the districts' (Beijing time), not the server's: one definition for every service.
export { districtDate, districtYear } from '@sanshe/service-kit';
