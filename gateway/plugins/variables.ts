import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type ASTNode, type DocumentNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * Text PostgreSQL cannot store as it was sent: a NUL byte is refused by every
 * text column (and fails the statement), and a lone UTF-16 surrogate has no
 * UTF-8 form, so it would be stored as U+FFFD, another text than the client's.
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'is not well-formed Unicode (it holds a lone surrogate)';
  return undefined;
}

// In a `u` regular expression a surrogate pair is one astral code point: only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

function badInput(message: string, nodes?: readonly ASTNode[]): GraphQLError {
  return new GraphQLError(message, {
    ...(nodes ? { nodes } : {}),
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/**
 * The first literal of a document no subgraph can take: text PostgreSQL cannot
 * store, or a number beyond a double (`1e400` parses to Infinity, which graphql-js
 * accepts as a Float and the query planner then fails on).
 */
interface LiteralProblem {
  message: string;
  node: ASTNode;
}

function unusableLiteral(document: DocumentNode): LiteralProblem | null {
  let found: LiteralProblem | null = null;
  const checkNumber = (node: ASTNode & { value: string }) => {
    if (!found && !Number.isFinite(Number(node.value))) {
      const shown = node.value.length > 20 ? `${node.value.slice(0, 20)}…` : node.value;
      found = { message: `The number ${shown} is out of range`, node };
    }
  };
  visit(document, {
    StringValue(node) {
      const problem = unstorableText(node.value);
      if (problem && !found) found = { message: `A string in the operation ${problem}`, node };
    },
    FloatValue: checkNumber,
    IntValue: checkNumber,
  });
  return found;
}

/** The first text in a variable's coerced value that cannot be stored, with its path. */
function unusableVariableText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem && `Variable "$${path}" ${problem}`;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const problem = unusableVariableText(item, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Coerces the variables before planning. Behind a gateway the executor does
 * it, too late for Apollo Server's error handling: its errors carry no code
 * and still suggest field names. Here a bad variable is BAD_USER_INPUT (400),
 * and so is input no subgraph can take, literal or variable: numbers beyond a
 * double and text PostgreSQL cannot store, wherever they sit (arguments, input
 * objects, lists). (Variables nest at most MAX_JSON_DEPTH deep: lib/http.ts
 * refuses deeper ones before this runs.)
 */
export function variablesPlugin(): ApolloServerPlugin {
  // A document's literals are checked once: Apollo reuses the parsed document.
  const literalChecks = new WeakMap<DocumentNode, LiteralProblem | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let literal = literalChecks.get(document);
          if (literal === undefined) {
            literal = unusableLiteral(document);
            literalChecks.set(document, literal);
          }
          if (literal) throw badInput(literal.message, [literal.node]);
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.variables ?? {},
            {
              maxErrors: 5,
            },
          );
          if (coerced.errors) {
            const [first] = coerced.errors;
            throw badInput(first!.message, first!.nodes);
          }
          for (const [name, value] of Object.entries(coerced.coerced)) {
            const problem = unusableVariableText(value, name);
            if (problem) throw badInput(problem);
          }
        },
      };
    },
  };
}
