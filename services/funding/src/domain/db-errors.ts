import { DomainError, isForeignKeyViolation, isUniqueViolation } from '@sanshe/service-kit';

/**
 * Runs a write and turns the unique and foreign-key violations it names into typed errors on
 * the input field, so a race the pre-checks did not see is still the caller's CONFLICT, never a 500.
 */
export async function translateViolations<T>(
  write: () => Promise<T>,
  map: { unique?: Record<string, [field: string, message: string]>; foreignKey?: Record<string, [field: string, message: string]> },
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    for (const [constraint, [field, message]] of Object.entries(map.unique ?? {})) {
      if (isUniqueViolation(error, constraint)) throw new DomainError('CONFLICT', message, field);
    }
    for (const [constraint, [field, message]] of Object.entries(map.foreignKey ?? {})) {
      if (isForeignKeyViolation(error, constraint)) throw new DomainError('NOT_FOUND', message, field);
    }
    throw error;
  }
}
