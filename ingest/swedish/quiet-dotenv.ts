// natural imports dotenv 17, which prints "injected env" lines on stdout and reads
// ./.env. Imported before natural by every module that uses it.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
