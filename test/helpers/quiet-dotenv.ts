// natural imports dotenv, which prints "injected env" lines and reads ./.env: keep it quiet.
process.env.DOTENV_CONFIG_QUIET = 'true';
