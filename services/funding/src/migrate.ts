import { migrateFromEnvironment } from '@sanshe/service-kit';

await migrateFromEnvironment('funding', new URL('../drizzle', import.meta.url));
