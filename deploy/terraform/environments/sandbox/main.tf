# sandbox: production's shape, smaller; GPU nodes up to 4, on demand.
module "studio" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  environment           = "sandbox"
  high_availability     = false
  domain                = "sandbox.studio.example.com"
  certificate_arn       = "arn:aws:acm:us-east-1:123456789012:certificate/sandbox"
  api_origin_domain     = "sandbox-ingress.studio.example.com"
  cpu_min_size          = 2
  cpu_max_size          = 5
  gpu_max_size          = 4
  db_instance_class     = "db.t4g.medium"
  backup_retention_days = 7
  redis_node_type       = "cache.t4g.medium"
  github_repository     = "filmstudio/filmstudio"
}
