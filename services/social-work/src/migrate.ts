import { migrateFromEnvironment } from '@sanshe/service-kit';

await migrateFromEnvironment('social-work', new URL('../drizzle', import.meta.url));
