import { migrateFromEnvironment } from '@sanshe/service-kit';

await migrateFromEnvironment('party-building', new URL('../drizzle', import.meta.url));
