import { migrateFromEnvironment } from '@sanshe/service-kit';

await migrateFromEnvironment('organizations', new URL('../drizzle', import.meta.url));
