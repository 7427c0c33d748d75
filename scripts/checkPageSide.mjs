// Every function in src/cdp/pageSide is sent to a page as its source text (`fn.toString()`), so it must
// use nothing declared outside itself but types and the browser's own globals: a module constant, an
// import or a sibling function would be undefined in the page, and only a real page run would tell.
// Run by `npm run typecheck` (so by `npm test`); exits 1 naming each such use.
// Usage: node scripts/checkPageSide.mjs [tsconfig]
import * as path from 'node:path';
import ts from 'typescript';

const configPath = path.resolve(process.argv[2] ?? 'tsconfig.pageSide.json');
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath));
const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true, composite: false, emitDeclarationOnly: false } });
const checker = program.getTypeChecker();

/** Declarations that exist at run time; types, interfaces and type-only imports vanish from the source text. */
function isRunTimeValue(declaration) {
  if (ts.isImportSpecifier(declaration)) {
    return !declaration.isTypeOnly && !declaration.parent.parent.isTypeOnly;
  }
  if (ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) {
    return !(ts.isImportClause(declaration) ? declaration : declaration.parent).isTypeOnly;
  }
  return ts.isVariableDeclaration(declaration) || ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration);
}

function isInside(node, container) {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

/** The page functions of a file: its top-level function declarations and functions assigned to top-level constants. */
function* pageFunctions(sourceFile) {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      yield { name: statement.name?.text ?? '(default)', node: statement };
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const value = declaration.initializer;
        if (value && (ts.isFunctionExpression(value) || ts.isArrowFunction(value))) {
          yield { name: declaration.name.getText(sourceFile), node: value };
        }
      }
    }
  }
}

const problems = [];
for (const sourceFile of program.getSourceFiles()) {
  if (sourceFile.isDeclarationFile || !parsed.fileNames.includes(sourceFile.fileName)) {
    continue;
  }
  for (const fn of pageFunctions(sourceFile)) {
    const visit = (node) => {
      if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
        const symbol = checker.getSymbolAtLocation(node);
        const outside = (symbol?.declarations ?? []).find(
          (declaration) => !program.isSourceFileDefaultLibrary(declaration.getSourceFile()) && !isInside(declaration, fn.node) && isRunTimeValue(declaration),
        );
        if (outside) {
          const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
          problems.push(`${path.relative(process.cwd(), sourceFile.fileName)}:${line + 1}: ${fn.name} uses ${node.text}, declared outside it`);
        }
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.node, visit);
  }
}

if (problems.length) {
  console.error(`Page-side functions run in pages as their own source text; pass what they need as arguments:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('[pageSide] every page function is self-contained');
