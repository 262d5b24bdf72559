import { migrateFromEnvironment } from '@sanshe/service-kit';

await migrateFromEnvironment('self-governance', new URL('../drizzle', import.meta.url));
