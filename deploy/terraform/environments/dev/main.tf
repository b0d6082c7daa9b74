# dev: one zone's worth of everything that can be small; GPU nodes on demand only, up to 2.
module "studio" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  environment           = "dev"
  high_availability     = false
  domain                = "dev.studio.example.com"
  certificate_arn       = "arn:aws:acm:us-east-1:123456789012:certificate/dev"
  api_origin_domain     = "dev-ingress.studio.example.com"
  cpu_min_size          = 1
  cpu_max_size          = 3
  gpu_max_size          = 2
  db_instance_class     = "db.t4g.small"
  backup_retention_days = 7
  redis_node_type       = "cache.t4g.small"
  github_repository     = "filmstudio/filmstudio"
}
