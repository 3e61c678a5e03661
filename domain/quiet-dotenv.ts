// natural imports dotenv 17, which prints "injected env" lines on stdout and reads
// ./.env; this module is imported before anything that loads natural.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
